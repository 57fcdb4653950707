using Katas.Grader.Commands;

return await Cli.RunAsync(args);
