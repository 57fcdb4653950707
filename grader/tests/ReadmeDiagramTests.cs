using Katas.Grader.Repository;

namespace Katas.Grader.Tests;

/// <summary>
/// The Mermaid diagrams of every README.md render right, as far as can be told without a browser: a known diagram
/// type; Gantt charts in milliseconds from t=0 whose axis prints each tick's true time once and whose section titles
/// fit left of the grid; sequence diagrams whose participants are all declared. grader/render-diagrams.sh renders
/// them for a look (maintainers; it needs npm and Chromium, so CI does not run it).
/// </summary>
public class ReadmeDiagramTests
{
    private static KataRepository Repository { get; } = KataRepository.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("the grader's tests run inside the kata repository");

    private static IReadOnlyList<MermaidBlock> Blocks { get; } = MermaidBlock.OfRepository(Repository);

    private static IEnumerable<TestCaseData> AllDiagrams() => Cases(Blocks);
    private static IEnumerable<TestCaseData> GanttCharts() => Cases(Blocks.Where(b => b.Type == "gantt"));
    private static IEnumerable<TestCaseData> SequenceDiagrams() => Cases(Blocks.Where(b => b.Type == "sequenceDiagram"));
    private static IEnumerable<TestCaseData> Cases(IEnumerable<MermaidBlock> blocks) =>
        blocks.Select(b => new TestCaseData(b).SetArgDisplayNames(b.ToString()));

    private static void AssertNone(IEnumerable<string> problems)
    {
        var found = problems.ToList();
        Assert.That(found, Is.Empty, string.Join(Environment.NewLine, found));
    }

    private static void AssertSomeProblem(IEnumerable<string> problems, string startsWith, params string[] contains)
    {
        var found = problems.ToList();
        Assert.That(found.Any(p => p.StartsWith(startsWith, StringComparison.Ordinal) && contains.All(c => p.Contains(c, StringComparison.Ordinal))), Is.True,
            $"expected a problem starting \"{startsWith}\" and holding {string.Join(", ", contains.Select(c => $"\"{c}\""))}; found:{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
    }

    private static MermaidBlock Snippet(string diagram) =>
        MermaidBlock.In("exercises/99-snippet/README.md", $"# Snippet\n\n```mermaid\n{diagram}\n```\n").Single();

    private static IReadOnlyList<string> GanttProblems(MermaidBlock block)
    {
        var (tasks, problems) = MermaidDiagramRules.Tasks(block);
        return [.. MermaidDiagramRules.DateFormat(block), .. problems, .. MermaidDiagramRules.Axis(block, tasks), .. MermaidDiagramRules.SectionTitles(block)];
    }

    // ---- The READMEs of this repository ----

    [Test]
    public void The_readmes_hold_the_katas_gantt_charts_and_sequence_diagrams()
    {
        Assert.That(Blocks.Count(b => b.Type == "gantt"), Is.GreaterThanOrEqualTo(9),
            $"found the ```mermaid blocks {string.Join(", ", Blocks)}: are the README.md files still read from {Repository.Root}?");
        Assert.That(Blocks.Count(b => b.Type == "sequenceDiagram"), Is.GreaterThanOrEqualTo(5), $"found {string.Join(", ", Blocks)}");
    }

    [TestCaseSource(nameof(AllDiagrams))]
    public void A_diagram_is_closed_and_starts_with_a_known_diagram_type(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.Type(block));

    [TestCaseSource(nameof(GanttCharts))]
    public void A_gantt_chart_counts_milliseconds_from_zero_with_dateFormat_x(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.DateFormat(block));

    [TestCaseSource(nameof(GanttCharts))]
    public void A_gantt_task_reads_label_colon_tags_then_integer_start_and_end_with_start_not_after_end(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.Tasks(block).Problems);

    [TestCaseSource(nameof(GanttCharts))]
    public void A_gantt_axis_prints_each_ticks_true_time_once_with_a_tick_interval_mermaid_accepts(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.Axis(block, MermaidDiagramRules.Tasks(block).Tasks));

    [TestCaseSource(nameof(GanttCharts))]
    public void A_gantt_section_title_fits_left_of_the_grid(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.SectionTitles(block));

    [TestCaseSource(nameof(SequenceDiagrams))]
    public void A_sequence_diagram_declares_every_participant_its_messages_and_notes_name(MermaidBlock block) =>
        AssertNone(MermaidDiagramRules.Participants(block));

    // ---- The rules, on snippets: each catches what it is for, and passes what is right ----

    /// <summary>08-retry's chart as it was: `%L` past one second read 000, 500, 000, 500, ...</summary>
    private const string OldRetryChart = """
        gantt
            dateFormat x
            axisFormat %L ms
            section attempts
            attempt 1 fails       :crit, 0, 40
            attempt 2 fails       :crit, 1000, 1040
            attempt 3 fails       :crit, 3000, 3040
            attempt 4 succeeds    :done, 7000, 7040
            section waits
            wait 1 s              :active, 0, 1000
            wait 2 s              :active, 1000, 3000
            wait 4 s              :active, 3000, 7000
        """;

    [Test]
    public void Milliseconds_within_the_second_are_refused_on_a_chart_past_one_second()
    {
        var problems = GanttProblems(Snippet(OldRetryChart));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:6: `axisFormat %L ms`: %L prints the milliseconds within the second",
            "t=1500 ms reads \"500 ms\"", "`axisFormat %s s` with `tickInterval 1second`");
        AssertSomeProblem(problems, "exercises/99-snippet/README.md:6: the axis prints \"000 ms\" at t=0 and t=1000");
    }

    [Test]
    public void The_fixed_retry_chart_in_seconds_passes()
    {
        var fixedChart = OldRetryChart.Replace("axisFormat %L ms", "axisFormat %s s\n    tickInterval 1second", StringComparison.Ordinal);

        Assert.That(GanttProblems(Snippet(fixedChart)), Is.Empty);
        Assert.That(MermaidDiagramRules.Ticks(0, 7040, 1_000).Select(t => MermaidDiagramRules.Format("%s s", t)),
            Is.EqualTo(new[] { "0 s", "1 s", "2 s", "3 s", "4 s", "5 s", "6 s", "7 s" }));
    }

    [Test]
    public void Seconds_on_a_short_chart_without_a_whole_second_tick_interval_are_refused_for_printing_a_second_twice()
    {
        var problems = GanttProblems(Snippet("gantt\n    dateFormat x\n    axisFormat %-S s\n    section s\n    a : 0, 1000\n    b : 3000, 4000"));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:6: the axis prints \"0 s\" at t=0 and t=500 ms", "add `tickInterval 1second`");
    }

    [Test]
    public void A_zero_padded_millisecond_axis_is_refused_for_reading_050_ms()
    {
        var problems = GanttProblems(Snippet("gantt\n    dateFormat x\n    axisFormat %L ms\n    section s\n    a :done, 0, 50"));

        Assert.That(problems, Is.EqualTo(new[]
        {
            "exercises/99-snippet/README.md:6: `axisFormat %L ms` pads %L with zeros, so t=50 ms reads \"050 ms\": write %-L (no padding) or use %Q",
        }));
    }

    [TestCase("%Q ms", null)]
    [TestCase("%-L ms", "10millisecond")]
    [TestCase("%Q ms", "10millisecond")]
    public void A_short_chart_in_true_milliseconds_passes(string format, string? interval)
    {
        var tick = interval is null ? "" : $"\n    tickInterval {interval}";
        Assert.That(GanttProblems(Snippet($"gantt\n    dateFormat x\n    axisFormat {format}{tick}\n    section s\n    a :done, 0, 50\n    b :milestone, 50, 50")), Is.Empty);
    }

    [TestCase("tickInterval 1 second", "Mermaid ignores `tickInterval 1 second`")]
    [TestCase("tickInterval 1millisecond", "the axis would have 51 ticks")]
    [TestCase("tickInterval 1second", "the axis would have 1 tick ")]
    public void A_tick_interval_mermaid_ignores_or_that_crowds_or_empties_the_axis_is_refused(string statement, string expected)
    {
        var problems = GanttProblems(Snippet($"gantt\n    dateFormat x\n    axisFormat %Q ms\n    {statement}\n    section s\n    a :done, 0, 50"));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:7: ", expected);
    }

    [TestCase("    axisFormat %H:%M", "uses %H, a calendar or clock field")]
    [TestCase("    axisFormat ms", "prints no time")]
    [TestCase("", "the chart has no axisFormat, so Mermaid labels its axis with dates")]
    public void An_axis_that_prints_no_time_from_zero_is_refused(string axis, string expected)
    {
        var problems = GanttProblems(Snippet($"gantt\n    dateFormat x\n{axis}\n    section s\n    a :done, 0, 50"));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:", expected);
    }

    [TestCase("a :done, 50, 0", "ends (0 ms) before it starts (50 ms)")]
    [TestCase("a :done, 0", "does not end with an integer start and end")]
    [TestCase("a :done, 0, 5ms", "does not end with an integer start and end")]
    [TestCase("a :after x, 0, 50", "has \"after x\" where a tag goes")]
    [TestCase(" :done, 0, 50", "has no label before its colon")]
    public void A_task_that_does_not_read_label_tags_start_end_is_refused_at_its_line(string task, string expected)
    {
        var problems = GanttProblems(Snippet($"gantt\n    dateFormat x\n    axisFormat %Q ms\n    section s\n    {task}\n    b :done, 0, 50"));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:8: ", expected);
    }

    [Test]
    public void A_date_format_other_than_x_is_refused()
    {
        var problems = GanttProblems(Snippet("gantt\n    dateFormat YYYY-MM-DD\n    axisFormat %Q ms\n    section s\n    a :done, 0, 50"));

        AssertSomeProblem(problems, "exercises/99-snippet/README.md:5: the chart's dateFormat is \"YYYY-MM-DD\": write `dateFormat x`");
    }

    [Test]
    public void A_long_section_title_needs_a_left_padding_and_a_short_one_fits_the_default()
    {
        const string chart = "gantt\n    dateFormat x\n    axisFormat %Q ms\n    section waits (exponential, 1 s base)\n    a :done, 0, 50";

        var problems = MermaidDiagramRules.SectionTitles(Snippet(chart)).ToList();
        Assert.That(problems, Has.Count.EqualTo(1), string.Join(Environment.NewLine, problems));
        AssertSomeProblem(problems, "exercises/99-snippet/README.md:7: the section title \"waits (exponential, 1 s base)\"",
            "`%%{init: {\"gantt\": {\"leftPadding\": 190}}}%%`");
        Assert.That(MermaidDiagramRules.SectionTitles(Snippet("%%{init: {\"gantt\": {\"leftPadding\": 190}}}%%\n" + chart)), Is.Empty);
        Assert.That(MermaidDiagramRules.SectionTitles(Snippet(chart.Replace("waits (exponential, 1 s base)", "all at once", StringComparison.Ordinal))), Is.Empty,
            "a title of 11 characters fits Mermaid's default 75 px");
    }

    [TestCase("gnatt\n    dateFormat x", "starts with \"gnatt\", which is not a Mermaid diagram type")]
    [TestCase("", "starts with \"\", which is not a Mermaid diagram type")]
    public void An_unknown_diagram_type_is_refused(string diagram, string expected) =>
        AssertSomeProblem(MermaidDiagramRules.Type(Snippet(diagram)), "exercises/99-snippet/README.md:", expected);

    [Test]
    public void An_unclosed_block_is_refused()
    {
        var block = MermaidBlock.In("README.md", "```mermaid\ngantt\n    dateFormat x\n").Single();

        Assert.That(MermaidDiagramRules.Type(block), Is.EqualTo(new[] { "README.md:1: the ```mermaid block is never closed: end it with a line of ```" }));
    }

    [Test]
    public void An_init_directive_comes_before_the_diagram_type()
    {
        var block = Snippet("%%{init: {\"gantt\": {\"leftPadding\": 190}}}%%\ngantt\n    dateFormat x");

        Assert.That(block.Type, Is.EqualTo("gantt"));
        Assert.That(MermaidDiagramRules.Type(block), Is.Empty);
    }

    [Test]
    public void A_participant_used_undeclared_is_refused_in_a_message_a_note_or_an_activation()
    {
        var block = Snippet("""
            sequenceDiagram
                participant C as caller
                C->>P: work
                Note over C,Q: a note
                activate R
                loop every item
                    C-->>C: again
                end
            """);

        Assert.That(MermaidDiagramRules.Participants(block), Is.EqualTo(new[]
        {
            "exercises/99-snippet/README.md:6: \"P\" is used before it is declared (Mermaid then adds it with its bare name, in the order met): declare it above, `participant P as <what it is>`",
            "exercises/99-snippet/README.md:7: \"Q\" is used before it is declared (Mermaid then adds it with its bare name, in the order met): declare it above, `participant Q as <what it is>`",
            "exercises/99-snippet/README.md:8: \"R\" is used before it is declared (Mermaid then adds it with its bare name, in the order met): declare it above, `participant R as <what it is>`",
        }));
    }

    [Test]
    public void A_sequence_block_left_open_is_refused()
    {
        var block = Snippet("sequenceDiagram\n    participant C as caller\n    loop every item\n        C->>C: again");

        Assert.That(MermaidDiagramRules.Participants(block), Is.EqualTo(new[] { "exercises/99-snippet/README.md:6: `loop every item` is never closed: end it with a line `end`" }));
    }

    [Test]
    public void Declared_participants_with_aliases_and_actors_pass()
    {
        var block = Snippet("sequenceDiagram\n    actor U as user\n    participant Store as store (50 ms)\n    U->>+Store: save\n    Store-->>-U: saved\n    Note right of Store: done");

        Assert.That(MermaidDiagramRules.Participants(block), Is.Empty);
    }
}
