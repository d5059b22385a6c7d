using JournalLsp.Cli;
using JournalLsp.Cli.Daemon;
using JournalLsp.Indexing.Privacy;

NoTelemetry.Apply(); // first, before any thread can start ONNX Runtime (docs/privacy.md)
return DaemonClient.TryRun(args) ?? CliApp.Build(Engines.PerCommand).Parse(args).Invoke();
