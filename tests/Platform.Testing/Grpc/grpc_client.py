"""Debian's python3-grpcio, a reference gRPC implementation, calling one method of a running service.

Usage: grpc_client.py TARGET SCENARIO METHOD_PATH REQUEST_BASE64 [ARG]
Messages travel as opaque bytes (the caller serializes and parses them), so no generated code is needed.
Scenarios: stream (server streaming to the end), cancel (ARG: cancel after that many messages), deadline (ARG: seconds),
unary, oversized (ARG: send that many bytes as the request instead), bidi (bidirectional streaming: REQUEST_BASE64
is a comma-separated list of requests; ARG is "PACE,BEFORE_LAST": they are sent PACE seconds apart, and the last one,
marking when the input ended, waits up to 30 s until BEFORE_LAST messages have arrived).
Prints one JSON object: the messages received (base64), the final status code and details, and for cancel the
wall-clock time (seconds since the epoch) at which it cancelled, for deadline the time the call took, for bidi how
many messages had arrived when the last request was about to be sent.
"""
import base64
import json
import sys
import threading
import time

import grpc


def identity(data):
    return data


def run(channel, scenario, path, request, arg):
    result = {"messages": [], "code": "OK", "details": ""}
    stream = channel.unary_stream(path, request_serializer=identity, response_deserializer=identity)
    try:
        if scenario == "stream":
            for message in stream(request):
                result["messages"].append(base64.b64encode(message).decode())
        elif scenario == "cancel":
            call = stream(request)
            for message in call:
                result["messages"].append(base64.b64encode(message).decode())
                if len(result["messages"]) == int(arg):
                    result["cancelled_at"] = time.time()
                    call.cancel()
                    break
            result["code"] = call.code().name
        elif scenario == "deadline":
            started = time.time()
            try:
                for message in stream(request, timeout=float(arg)):
                    result["messages"].append(base64.b64encode(message).decode())
            finally:
                result["elapsed"] = time.time() - started
        elif scenario == "unary":
            unary = channel.unary_unary(path, request_serializer=identity, response_deserializer=identity)
            result["messages"].append(base64.b64encode(unary(request)).decode())
        elif scenario == "bidi":
            requests = [base64.b64decode(part) for part in request.split(b",")]
            pace, before_last = (arg or "0,0").split(",")
            pace, before_last = float(pace), int(before_last)
            received = result["messages"]
            arrived = threading.Condition()

            def send():
                for index, message in enumerate(requests):
                    if index > 0 and pace > 0:
                        time.sleep(pace)
                    if index == len(requests) - 1:
                        with arrived:
                            arrived.wait_for(lambda: len(received) >= before_last, timeout=30)
                            result["received_before_last"] = len(received)
                    yield message

            bidi = channel.stream_stream(path, request_serializer=identity, response_deserializer=identity)
            for message in bidi(send()):
                with arrived:
                    received.append(base64.b64encode(message).decode())
                    arrived.notify_all()
        elif scenario == "oversized":
            for message in stream(b"\x00" * int(arg)):
                result["messages"].append(base64.b64encode(message).decode())
        else:
            raise SystemExit("unknown scenario " + scenario)
    except grpc.RpcError as error:
        result["code"] = error.code().name
        result["details"] = error.details()
    return result


def main():
    target, scenario, path, request = sys.argv[1:5]
    arg = sys.argv[5] if len(sys.argv) > 5 else ""
    with grpc.insecure_channel(target) as channel:
        body = request.encode() if scenario == "bidi" else base64.b64decode(request)
        print(json.dumps(run(channel, scenario, path, body, arg)), flush=True)


if __name__ == "__main__":
    main()
