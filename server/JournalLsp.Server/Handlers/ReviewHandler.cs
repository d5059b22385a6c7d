using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/review</c>: a review of a period as Markdown (docs/lsp-extensions.md).</summary>
internal sealed class ReviewHandler(JournalWorkspace workspace)
{
    /// <summary>The review for <paramref name="p"/>.</summary>
    /// <exception cref="InvalidParamsException">Without <c>from</c> and <c>to</c>, for a bad date, or <c>to</c> before <c>from</c>.</exception>
    public async Task<ReviewResult> HandleAsync(ReviewParams? p, CancellationToken cancellationToken)
    {
        var from = Conversions.Day(p?.From, "from") ?? throw new InvalidParamsException("from is required (YYYY-MM-DD)");
        var to = Conversions.Day(p?.To, "to") ?? throw new InvalidParamsException("to is required (YYYY-MM-DD)");
        if (to < from) throw new InvalidParamsException($"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd})");
        var review = await workspace.ReviewAsync(from, to, cancellationToken);
        return new ReviewResult(review.Title, review.Markdown);
    }
}
