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
        var (start, end) = Conversions.Period(p?.From, p?.To);
        var from = start ?? throw new InvalidParamsException("from is required (YYYY-MM-DD)");
        var to = end ?? throw new InvalidParamsException("to is required (YYYY-MM-DD)");
        var review = await workspace.ReviewAsync(from, to, cancellationToken);
        return new ReviewResult(review.Title, review.Markdown);
    }
}
