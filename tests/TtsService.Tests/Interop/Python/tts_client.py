"""A python3-grpcio client of the Tts contract, to show that a stock gRPC client can call Synthesize and Voices.

Usage: tts_client.py ADDRESS DESCRIPTOR TEXT [VOICE] [LANGUAGE]
DESCRIPTOR is tts.proto's serialized FileDescriptorProto, so no generated code (and no protoc version) is needed.
Prints one JSON object: the chunks received (index, sample rate, bytes, last), the voice count and default voice,
then the final status code and details.
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
    return {name: factory.GetPrototype(pool.FindMessageTypeByName(proto.package + "." + name))
            for name in ("SynthesizeRequest", "AudioChunk", "VoicesRequest", "VoicesReply")}


def main():
    address, descriptor_path, text = sys.argv[1:4]
    voice = sys.argv[4] if len(sys.argv) > 4 else ""
    language = sys.argv[5] if len(sys.argv) > 5 else ""
    types = message_classes(descriptor_path)
    result = {"chunks": [], "code": "OK", "details": ""}
    with grpc.insecure_channel(address) as channel:
        voices = channel.unary_unary(
            "/platform.tts.v1.Tts/Voices",
            request_serializer=types["VoicesRequest"].SerializeToString,
            response_deserializer=types["VoicesReply"].FromString)(types["VoicesRequest"](), timeout=30)
        result["voices"] = len(voices.voices)
        result["default_voice"] = voices.default_voice
        synthesize = channel.unary_stream(
            "/platform.tts.v1.Tts/Synthesize",
            request_serializer=types["SynthesizeRequest"].SerializeToString,
            response_deserializer=types["AudioChunk"].FromString)
        try:
            for chunk in synthesize(types["SynthesizeRequest"](text=text, voice=voice, language=language), timeout=30):
                result["chunks"].append({"index": chunk.index, "sample_rate": chunk.sample_rate, "bytes": len(chunk.pcm), "last": chunk.last})
        except grpc.RpcError as error:
            result["code"] = error.code().name
            result["details"] = error.details()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
