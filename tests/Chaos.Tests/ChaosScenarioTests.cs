using Platform.Load.Chaos;

namespace Platform.Chaos.Tests;

/// <summary>
/// Every chaos scenario of the load tool, short: a few clients, one strike, seconds each. Each passes only when all
/// of DESIGN.md's promises it checks held; the long versions run in <c>scripts/load-report.sh</c>.
/// </summary>
public sealed class ChaosScenarioTests
{
    [Fact]
    public Task KillingLlmServiceMidTurnEndsEveryTurnWithARetryableErrorStoredAsFailedAndTheServiceRecovers() =>
        PassesAsync(new ServiceKillScenario(KilledService.Llm));

    [Fact]
    public Task KillingSttServiceMidTranscriptionEndsEveryVoiceTurnWithARetryableErrorAndTheServiceRecovers() =>
        PassesAsync(new ServiceKillScenario(KilledService.Stt));

    [Fact]
    public Task KillingTtsServiceMidSpeechEndsEveryVoiceTurnWithoutHangingAndTheServiceRecovers() =>
        PassesAsync(new ServiceKillScenario(KilledService.Tts));

    [Fact]
    public Task StoppingRedisKeepsChatWorkingLosesNoTurnAndHealthRecovers() =>
        PassesAsync(new InfrastructureStopScenario(StoppedInfrastructure.Redis));

    [Fact]
    public Task StoppingRabbitMQKeepsChatWorkingLosesNoTurnAndHealthRecovers() =>
        PassesAsync(new InfrastructureStopScenario(StoppedInfrastructure.RabbitMQ));

    [Fact]
    public Task InjectedGrpcLatencyAndFaultsAreRetriedAndWhatStillFailsEndsAsAStoredRetryableError() =>
        PassesAsync(new GrpcChaosScenario(everyCall: false));

    [Fact]
    public Task AFaultOnEveryGrpcCallEndsEveryTurnPromptlyWithARetryableErrorStoredAsFailed() =>
        PassesAsync(new GrpcChaosScenario(everyCall: true));

    [Fact]
    public Task SlowReadersSlowNeitherTheirTurnsNorOtherReadersAndLoseNothing() =>
        PassesAsync(new SlowReaderScenario());

    [Fact]
    public Task ClientsLeavingAtRandomPointsFindTheirTurnsStoredWholeAndResumeExactlyTheRest() =>
        PassesAsync(new RandomDisconnectScenario());

    private static async Task PassesAsync(ChaosScenario scenario)
    {
        var report = await scenario.RunAsync(ChaosScale.Short, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(report.ToMarkdown());
        var broken = report.Checks.Where(c => !c.Passed).ToList();
        Assert.True(broken.Count == 0, $"{scenario.Name}: {string.Join(Environment.NewLine, broken.Select(c => $"{c.Promise}: {c.Detail}"))}{Environment.NewLine}{report.ToMarkdown()}");
    }
}
