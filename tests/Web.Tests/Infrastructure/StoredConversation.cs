using System.Text.Json;

namespace Platform.Web.Tests.Infrastructure;

/// <summary>Reads GET /api/conversations/{id} answers.</summary>
public static class StoredConversation
{
    public static IReadOnlyList<JsonElement> Messages(JsonElement conversation, string role) =>
        [.. conversation.GetProperty("messages").EnumerateArray().Where(message => message.GetProperty("role").GetString() == role)];

    public static JsonElement OnlyReply(JsonElement conversation) => Assert.Single(Messages(conversation, "assistant"));

    public static string Status(JsonElement message) => message.GetProperty("status").GetString()!;

    public static string Content(JsonElement message) => message.GetProperty("content").GetString()!;
}
