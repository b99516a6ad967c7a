using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Platform.AppHost.Dashboard.Otlp.Common;

namespace Platform.AppHost.Dashboard.Otlp;

/// <summary>OTLP's wire values as the dashboard keeps them: ids as lowercase hex, attribute values as plain CLR values.</summary>
internal static class OtlpValues
{
    public static string Hex(ByteString id) => id.IsEmpty ? string.Empty : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNano) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));

    public static KeyValuePair<string, object>[] Attributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }

        var values = new KeyValuePair<string, object>[attributes.Count];
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = new(attributes[index].Key, Value(attributes[index].Value));
        }

        return values;
    }

    /// <summary>Strings, booleans and numbers stay themselves; arrays and maps become their text.</summary>
    public static object Value(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(pair => $"{pair.Key}: {Text(pair.Value)}")) + "}",
        _ => string.Empty,
    };

    public static string Text(AnyValue? value) => Value(value) switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? string.Empty,
    };

    /// <summary>The resource's <c>service.name</c>, which names the dashboard's resource (gateway, llm, stt, tts).</summary>
    public static string ServiceName(Resource.Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name")
                {
                    return Text(attribute.Value);
                }
            }
        }

        return "unknown_service";
    }
}
