namespace Katas.Join;

// Fixtures given the real names and run first (Order(0)): the first report of a name wins.
[TestFixture(TestName = "JoinTwoTests"), Order(0)]
public class EarlyJoinTwoTests
{
    [Test] public void Runs_both_at_once_so_100_ms_and_50_ms_finish_together_at_100_ms() { }
    [Test] public void Returns_each_result_in_its_place_with_its_own_type() { }
    [Test] public void A_failure_is_thrown_at_once_and_cancels_the_other_operation() { }
    [Test] public void Cancels_the_second_operation_when_the_first_fails() { }
    [Test] public void Throws_at_once_even_when_the_other_operation_ignores_its_token() { }
}
[TestFixture(TestName = "JoinManyTests"), Order(0)]
public class EarlyJoinManyTests
{
    [Test] public void Runs_all_at_once_and_finishes_with_the_slowest() { }
    [Test] public void Returns_the_results_in_input_order_not_completion_order() { }
    [Test] public void Starts_each_operation_exactly_once() { }
    [Test] public void Joining_no_operations_returns_no_results_at_once() { }
}
[TestFixture(TestName = "FailFastTests"), Order(0)]
public class EarlyFailFastTests
{
    [Test] public void Throws_the_first_failure_at_the_moment_it_happens() { }
    [Test] public void Fails_fast_when_the_failure_comes_after_another_operation_succeeded() { }
    [Test] public void An_operation_that_ends_cancelled_on_its_own_fails_the_join() { }
    [Test] public void Cancels_the_other_operations_when_one_fails() { }
    [Test] public void The_caller_gets_the_exception_itself_not_an_AggregateException() { }
    [Test] public void The_first_failure_in_time_wins_not_the_first_in_input_order() { }
    [Test] public void Does_not_wait_for_an_operation_that_ignores_its_token() { }
    [Test] public void The_callers_cancellation_cancels_every_operation() { }
}
[TestFixture(TestName = "TutorialExampleTests"), Order(0)]
public class EarlyTutorialExampleTests
{
    [Test] public void B_is_done_at_50_ms_A_at_100_ms_and_the_join_returns_1_and_2() { }
}
