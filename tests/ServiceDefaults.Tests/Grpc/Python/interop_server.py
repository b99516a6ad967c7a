"""A python3-grpcio server of the Interop contract, for interop tests of the project's gRPC client.

Prints {"port": N} once serving, then one JSON line per event: {"event": "ended", "tag": ..., "at": ...}
when a Ticks or Wait call ends (at: seconds since the epoch). Stops when its stdin closes.
"""
import json
import sys
import threading
import time
from concurrent import futures

import grpc
from google.protobuf import wrappers_pb2

lock = threading.Lock()


def emit(event):
    with lock:
        print(json.dumps(event, ensure_ascii=False), flush=True)


def watch(context, tag):
    context.add_callback(lambda: emit({"event": "ended", "tag": tag, "at": time.time()}))


def count(request, context):
    for i in range(request.value):
        yield wrappers_pb2.StringValue(value="message %d" % i)


def ticks(request, context):
    watch(context, request.value)
    i = 0
    while context.is_active():
        yield wrappers_pb2.StringValue(value="tick %d" % i)
        i += 1
        time.sleep(0.01)


def echo(request, context):
    return wrappers_pb2.StringValue(value=request.value)


def fail(request, context):
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, request.value)


def wait(request, context):
    watch(context, request.value)
    while context.is_active():
        time.sleep(0.005)
    return request


def main():
    string = dict(request_deserializer=wrappers_pb2.StringValue.FromString,
                  response_serializer=wrappers_pb2.StringValue.SerializeToString)
    handlers = {
        "Count": grpc.unary_stream_rpc_method_handler(
            count, request_deserializer=wrappers_pb2.Int32Value.FromString,
            response_serializer=wrappers_pb2.StringValue.SerializeToString),
        "Ticks": grpc.unary_stream_rpc_method_handler(ticks, **string),
        "Echo": grpc.unary_unary_rpc_method_handler(echo, **string),
        "Fail": grpc.unary_unary_rpc_method_handler(fail, **string),
        "Wait": grpc.unary_unary_rpc_method_handler(wait, **string),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("platform.interop.v1.Interop", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    emit({"port": port})
    sys.stdin.read()
    server.stop(grace=None)


if __name__ == "__main__":
    main()
