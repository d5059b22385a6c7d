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
        var order = 0;
        foreach (var hit in hits)
        {
            heap.Enqueue(hit, (hit.Score, -order++));
            if (heap.Count > k) heap.Dequeue();
        }
        var best = new EntryHit[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
