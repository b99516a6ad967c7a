using System.ComponentModel.DataAnnotations;

namespace Platform.AppHost.Dashboard;

/// <summary>
/// How much telemetry the dashboard keeps in memory (section <c>Dashboard</c>): the oldest is evicted first, so the
/// AppHost's memory stays bounded however long the platform runs.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    [Range(100, 10_000_000, ErrorMessage = "Dashboard:MaxSpans must be between 100 and 10,000,000.")]
    public int MaxSpans { get; set; } = 20_000;

    [Range(100, 10_000_000, ErrorMessage = "Dashboard:MaxLogRecords must be between 100 and 10,000,000.")]
    public int MaxLogRecords { get; set; } = 10_000;

    /// <summary>Metric data points over every series; an exporter sends one per series per interval.</summary>
    [Range(100, 10_000_000, ErrorMessage = "Dashboard:MaxMetricPoints must be between 100 and 10,000,000.")]
    public int MaxMetricPoints { get; set; } = 50_000;

    /// <summary>The largest OTLP request body accepted; larger ones get 413.</summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Dashboard:MaxRequestBodyBytes must be between 1 KiB and 256 MiB.")]
    public int MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;
}
