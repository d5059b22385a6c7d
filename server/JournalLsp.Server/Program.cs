using JournalLsp.Indexing.Privacy;
using JournalLsp.Server.Lsp;

NoTelemetry.Apply(); // first, before any thread can start ONNX Runtime (docs/privacy.md)
StartupProfile.Start("server"); // the last start's compiled methods compiled again on another core

// Reading stdin blocks a pool thread for the whole session (console streams have no asynchronous reads on Unix), and
// the pool starts with one thread per core: on 2 cores one more blocking call left requests queued until the pool grew,
// about 0.5 s per thread. A few spare threads cost nothing; indexing runs on a thread of its own (JournalWorkspace),
// and while it embeds it borrows a pool thread for each further core it may use (the threads setting): those are spare
// threads too, so that requests still find one at once.
ThreadPool.GetMinThreads(out var workers, out var completionPorts);
ThreadPool.SetMinThreads(Math.Max(workers, 2 * Environment.ProcessorCount + 4), completionPorts);

// stdout carries only protocol frames: anything else written by mistake goes to stderr.
var stdin = Console.OpenStandardInput();
var stdout = Console.OpenStandardOutput();
Console.SetOut(Console.Error);
return await LanguageServer.RunAsync(stdin, stdout);
