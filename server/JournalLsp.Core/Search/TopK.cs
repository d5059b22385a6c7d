namespace JournalLsp.Core.Search;

/// <summary>Top-k selection: the k best hits by score, best first, with a size-k min-heap (O(n log k)).</summary>
public static class TopK
{
    /// <summary>
    /// The <paramref name="k"/> hits with the highest <see cref="EntryHit.Score"/>, best first. Among equal scores the
    /// one seen first ranks first, so a list fed in a stable order comes out in a stable order.
    /// </summary>
    public static EntryHit[] Best(IEnumerable<EntryHit> hits, int k)
    {
        if (k <= 0) return [];
        // Priority (score, -arrival): the heap's minimum is the worst score, and among ties the latest to arrive.
        var heap = new PriorityQueue<EntryHit, (float Score, int Order)>(k + 1);
        var comparer = Comparer<(float Score, int Order)>.Default;
        var order = 0;
        foreach (var hit in hits)
        {
            var priority = (hit.Score, -order++);
            // A full heap keeps its k: a hit below its minimum would be taken out again at once (most of a long list).
            if (heap.Count == k && heap.TryPeek(out _, out var least) && comparer.Compare(priority, least) < 0) continue;
            heap.Enqueue(hit, priority);
            if (heap.Count > k) heap.Dequeue();
        }
        var best = new EntryHit[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
