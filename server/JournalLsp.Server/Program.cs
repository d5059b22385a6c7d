using JournalLsp.Indexing.Privacy;
using JournalLsp.Server.Lsp;

NoTelemetry.Apply(); // first, before any thread can start ONNX Runtime (docs/privacy.md)

// stdout carries only protocol frames: anything else written by mistake goes to stderr.
var stdin = Console.OpenStandardInput();
var stdout = Console.OpenStandardOutput();
Console.SetOut(Console.Error);
return await LanguageServer.RunAsync(stdin, stdout);
