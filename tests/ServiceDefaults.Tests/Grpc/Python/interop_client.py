"""A python3-grpcio client of the Interop contract, for interop tests of the project's gRPC transport.

Usage: interop_client.py ADDRESS SCENARIO [ARG]
Prints one JSON object: the messages received, the final status code and details, and for the
cancel scenario the wall-clock time (seconds since the epoch) at which it cancelled.
"""
import json
import sys
import time

import grpc
from google.protobuf import wrappers_pb2

SERVICE = "/platform.interop.v1.Interop/"


def stream(channel, method, request_type):
    return channel.unary_stream(
        SERVICE + method,
        request_serializer=request_type.SerializeToString,
        response_deserializer=wrappers_pb2.StringValue.FromString)


def unary(channel, method):
    return channel.unary_unary(
        SERVICE + method,
        request_serializer=wrappers_pb2.StringValue.SerializeToString,
        response_deserializer=wrappers_pb2.StringValue.FromString)


def run(channel, scenario, arg):
    result = {"messages": [], "code": "OK", "details": ""}
    try:
        if scenario == "count":
            for message in stream(channel, "Count", wrappers_pb2.Int32Value)(wrappers_pb2.Int32Value(value=int(arg))):
                result["messages"].append(message.value)
        elif scenario == "echo":
            result["messages"].append(unary(channel, "Echo")(wrappers_pb2.StringValue(value=arg)).value)
        elif scenario == "fail":
            unary(channel, "Fail")(wrappers_pb2.StringValue(value=arg))
        elif scenario == "unknown":
            unary(channel, "Nope")(wrappers_pb2.StringValue(value="x"))
        elif scenario == "cancel":
            tag, count = arg.split(":")
            call = stream(channel, "Ticks", wrappers_pb2.StringValue)(wrappers_pb2.StringValue(value=tag))
            for message in call:
                result["messages"].append(message.value)
                if len(result["messages"]) == int(count):
                    result["cancelled_at"] = time.time()
                    call.cancel()
                    break
            result["code"] = "CANCELLED" if call.code() == grpc.StatusCode.CANCELLED else str(call.code())
        elif scenario == "deadline":
            started = time.time()
            try:
                unary(channel, "Wait")(wrappers_pb2.StringValue(value=arg), timeout=0.2)
            finally:
                result["elapsed"] = time.time() - started
        else:
            raise SystemExit("unknown scenario " + scenario)
    except grpc.RpcError as error:
        result["code"] = error.code().name
        result["details"] = error.details()
    return result


def main():
    address, scenario = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else ""
    with grpc.insecure_channel(address) as channel:
        print(json.dumps(run(channel, scenario, arg), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
