[assembly: AssemblyFixture(typeof(Platform.Testing.Speech.SpeechClips))]
