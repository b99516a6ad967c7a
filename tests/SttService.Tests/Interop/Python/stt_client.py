"""A python3-grpcio client of the Stt contract, to show that a stock gRPC client can call Transcribe.

Usage: stt_client.py ADDRESS DESCRIPTOR WAV [LANGUAGE]
DESCRIPTOR is stt.proto's serialized FileDescriptorProto, so no generated code (and no protoc version) is needed.
Prints one JSON object: the events received, then the final status code and details.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def message_classes(descriptor_path):
    with open(descriptor_path, "rb") as handle:
        proto = descriptor_pb2.FileDescriptorProto.FromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    factory = message_factory.MessageFactory(pool)
    prototype = lambda name: factory.GetPrototype(pool.FindMessageTypeByName(proto.package + "." + name))
    return prototype("TranscribeRequest"), prototype("TranscriptEvent"), pool.FindEnumTypeByName(proto.package + ".AudioFormat")


def main():
    address, descriptor_path, wav_path = sys.argv[1:4]
    language = sys.argv[4] if len(sys.argv) > 4 else ""
    request_type, event_type, formats = message_classes(descriptor_path)
    with open(wav_path, "rb") as handle:
        request = request_type(audio=handle.read(), format=formats.values_by_name["AUDIO_FORMAT_WAV"].number, language=language)
    result = {"events": [], "code": "OK", "details": ""}
    with grpc.insecure_channel(address) as channel:
        transcribe = channel.unary_stream(
            "/platform.stt.v1.Stt/Transcribe",
            request_serializer=request_type.SerializeToString,
            response_deserializer=event_type.FromString)
        try:
            for event in transcribe(request, timeout=30):
                result["events"].append({"text": event.text, "is_final": event.is_final, "audio_ms": event.audio_ms, "decode_ms": event.decode_ms})
        except grpc.RpcError as error:
            result["code"] = error.code().name
            result["details"] = error.details()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
