using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace JournalLsp.Indexing.Privacy;

/// <summary>
/// Keeps ONNX Runtime's telemetry out of our processes. Since 1.29 its Linux and macOS builds write a device id and an
/// event queue under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime/</c> and upload them to
/// <c>mobile.events.data.microsoft.com</c>; Windows builds send ETW events. Two switches turn that off:
/// <list type="bullet">
/// <item><c>ORT_DISABLE_TELEMETRY=1</c> in the <em>native</em> environment before ONNX Runtime is first used (no device
/// id, no queue, no uploader). On Unix, .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> only
/// changes a managed copy that native code never reads, so the variable goes in with libc's <c>setenv</c> too.</item>
/// <item><see cref="OrtEnv.DisableTelemetryEvents"/>, ONNX Runtime's own call, for the events it still gathers.</item>
/// </list>
/// Runs by itself when this assembly loads (a module initializer), so every process that can reach the model (CLI,
/// server, benchmarks, tests) is covered before the first ONNX Runtime call; the programs also call
/// <see cref="Apply"/> first thing, so the switch is set before any other thread starts. Proven by
/// <c>PrivacyTests</c> (strace and a network namespace, docs/privacy.md).
/// </summary>
public static class NoTelemetry
{
    /// <summary>The environment variable ONNX Runtime reads at start-up.</summary>
    public const string OnnxRuntimeVariable = "ORT_DISABLE_TELEMETRY";

    private static int s_applied;
    private static volatile bool s_native;

    /// <summary>True once <see cref="OnnxRuntimeVariable"/>=1 is known to be in the native environment.</summary>
    public static bool IsApplied => s_native;

    /// <summary>
    /// Sets <see cref="OnnxRuntimeVariable"/>=1 in both the managed and the native environment of this process (child
    /// processes inherit it). Idempotent and cheap; never throws: when libc cannot be called, <see cref="IsApplied"/>
    /// stays false unless the variable was inherited, and <see cref="DisableOnnxRuntimeEvents"/> refuses to go on.
    /// </summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref s_applied, 1) == 1) return;
        // At start-up .NET copies the native environment: a value seen here was inherited, so native code sees it too.
        var inherited = Environment.GetEnvironmentVariable(OnnxRuntimeVariable) == "1";
        Environment.SetEnvironmentVariable(OnnxRuntimeVariable, "1");
        if (OperatingSystem.IsWindows() || inherited)
        {
            s_native = true; // on Windows SetEnvironmentVariable is the native call
            return;
        }
        try
        {
            s_native = setenv(OnnxRuntimeVariable, "1", 1) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Console.Error.WriteLine($"warning: could not set {OnnxRuntimeVariable} natively ({e.Message})");
        }
    }

    /// <summary>
    /// Turns off ONNX Runtime's telemetry events for the process-wide <see cref="OrtEnv"/>; call before creating an
    /// <see cref="InferenceSession"/>. Applies <see cref="Apply"/> first, since creating the environment is ONNX
    /// Runtime's first use.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the switch could not reach the native environment: the model
    /// is not loaded rather than loaded with telemetry on.</exception>
    public static void DisableOnnxRuntimeEvents()
    {
        Apply();
        if (!s_native)
            throw new InvalidOperationException(
                $"could not switch ONNX Runtime's telemetry off; start the program with {OnnxRuntimeVariable}=1 in its environment");
        OrtEnv.Instance().DisableTelemetryEvents();
    }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The switch must be set before any code of this assembly can reach ONNX Runtime.")]
    internal static void OnAssemblyLoad() => Apply();

    [DllImport("libc", EntryPoint = "setenv", ExactSpelling = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
