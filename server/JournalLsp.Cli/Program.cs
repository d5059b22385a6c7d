using JournalLsp.Cli;

return CliApp.Build().Parse(args).Invoke();
