"""A python3-grpcio client of llm.proto, for the interop test of LlmService.

Usage: llm_client.py DESCRIPTOR_SET ADDRESS SCENARIO [ARG]
The message classes are built at run time from a FileDescriptorSet of llm.proto, since Debian's grpc_tools is too
old for it and newer generated code needs a newer python3-protobuf. Prints one JSON object.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

SERVICE = "/platform.llm.v1.Llm/"


def message_classes(path):
    with open(path, "rb") as stream:
        files = descriptor_pb2.FileDescriptorSet.FromString(stream.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)

    def lookup(name):
        descriptor = pool.FindMessageTypeByName("platform.llm.v1." + name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return lookup


def describe(event):
    kind = event.WhichOneof("event")
    if kind == "started":
        return {"type": kind, "model": event.started.model, "prompt_tokens": event.started.prompt_tokens, "queue_ms": event.started.queue_ms}
    if kind == "token":
        return {"type": kind, "text": event.token.text, "index": event.token.index}
    return {"type": kind, "finish_reason": event.completed.finish_reason, "completion_tokens": event.completed.completion_tokens,
            "ttft_ms": event.completed.ttft_ms, "total_ms": event.completed.total_ms}


def run(channel, lookup, scenario, arg):
    result = {"events": [], "code": "OK", "details": ""}
    request_type, event_type = lookup("GenerateRequest"), lookup("GenerateEvent")
    generate = channel.unary_stream(SERVICE + "Generate", request_serializer=request_type.SerializeToString,
                                    response_deserializer=event_type.FromString)
    try:
        if scenario == "generate":
            request = request_type()
            message = request.messages.add()
            message.role = 2
            message.content = arg
            request.options.max_tokens = 24
            request.options.greedy = True
            for event in generate(request, timeout=30):
                result["events"].append(describe(event))
        elif scenario == "empty":
            for event in generate(request_type(), timeout=30):
                result["events"].append(describe(event))
        elif scenario == "models":
            models = channel.unary_unary(SERVICE + "Models", request_serializer=lookup("ModelsRequest").SerializeToString,
                                         response_deserializer=lookup("ModelsReply").FromString)
            reply = models(lookup("ModelsRequest")(), timeout=30)
            result["models"] = [{"id": m.id, "provider": m.provider, "state": m.state, "load_ms": m.load_ms, "warmup_ms": m.warmup_ms}
                                for m in reply.models]
        else:
            raise SystemExit("unknown scenario " + scenario)
    except grpc.RpcError as error:
        result["code"] = error.code().name
        result["details"] = error.details()
    return result


def main():
    descriptors, address, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    arg = sys.argv[4] if len(sys.argv) > 4 else ""
    with grpc.insecure_channel(address) as channel:
        print(json.dumps(run(channel, message_classes(descriptors), scenario, arg), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
