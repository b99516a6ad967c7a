namespace Platform.Contracts.Jobs;

/// <summary>One vocabulary item; <paramref name="CefrLevel"/> is the model's guess (A1 to C2).</summary>
public sealed record VocabularyTerm(string Term, string Lemma, string PartOfSpeech, string Definition, string Example, string CefrLevel);
