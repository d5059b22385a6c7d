namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// The embeddings of the last few questions, least recently used out first. Thread-safe; a vector handed out is shared
/// and must not be written to. Each entry holds one float[dimensions] (1.5 KB at 384).
/// </summary>
internal sealed class QueryCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> _recent = new();
    private readonly Lock _lock = new();

    /// <summary>The cached vector of <paramref name="text"/>, or <paramref name="embed"/>'s (then cached).</summary>
    public float[] GetOrAdd(string text, Func<string, float[]> embed)
    {
        lock (_lock)
        {
            if (_byText.TryGetValue(text, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Vector;
            }
        }
        var vector = embed(text); // outside the lock: two first askings of one question may both embed; the vectors agree
        lock (_lock)
        {
            if (_byText.ContainsKey(text)) return vector;
            _byText[text] = _recent.AddFirst((text, vector));
            if (_byText.Count > capacity)
            {
                _byText.Remove(_recent.Last!.Value.Text);
                _recent.RemoveLast();
            }
        }
        return vector;
    }
}
