namespace Platform.Gateway.Conversations;

public sealed record VocabularyItem(string Term, string Lemma, string PartOfSpeech, string Definition, string Example, string CefrLevel);
