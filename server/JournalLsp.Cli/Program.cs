using JournalLsp.Cli;
using JournalLsp.Indexing.Privacy;

NoTelemetry.Apply(); // first, before any thread can start ONNX Runtime (docs/privacy.md)
return CliApp.Build().Parse(args).Invoke();
