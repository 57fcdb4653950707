using Katas.Grader.Commands;

if (LauncherCheck.BuildIsStale()) return LauncherCheck.ExitCode;
return await Cli.RunAsync(args);
