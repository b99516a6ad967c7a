namespace Platform.Web.Tests.Infrastructure;

/// <summary>
/// One state of the newest assistant reply as the page showed it: its text, its data-status, whether the typing
/// dots or the cursor were there, and when (performance.now(), ms).
/// </summary>
public sealed record ReplySnapshot(string Text, string Status, string? TurnId, bool Typing, bool Cursor, double At);
