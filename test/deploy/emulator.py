#!/usr/bin/env python3
"""The AWS API emulator of `npm run test:deploy`: moto's server on a free loopback port, with the calls the AWS
provider or the test makes that stock moto 5.2.1 lacks, and the gaps of its Step Functions interpreter and ECS
model that AWS does not have.

Usage: python3 test/deploy/emulator.py [--check]
  Prints one line, {"port": N}, once the server listens on 127.0.0.1:N, then serves until stdin closes (so it
  ends with the process that started it) or it gets SIGTERM/SIGINT.
  --check: only say whether moto and its server extras can be imported.
  Exit code 3, with the install command on stderr, when moto is missing.

Each patch below names the gap, says why it is the emulator's gap and not AWS's behaviour, and cites the AWS
page. None makes the emulator agree with the project where AWS would not: the added calls answer with moto's own
parser and pattern matcher, and the interpreter fixes make it do what the AWS pages say AWS does.
"""
import copy
import json
import os
import re
import signal
import sys
import threading

MOTO_VERSION = "5.2.1"

try:
    from moto.core.responses import ActionResult
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.ecs.responses import EC2ContainerServiceResponse
    from moto.events.models import EventPatternParser, EventPattern
    from moto.events.responses import EventsHandler
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import StateTaskService
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_ecs
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
    from moto.stepfunctions.models import StateMachineInstance
    from moto.stepfunctions.responses import StepFunctionResponse
    from moto.s3.models import FakeBucket
    import botocore.session
    import moto
except ImportError as error:  # moto, or its server extras (flask, werkzeug), missing
    sys.stderr.write(
        f"the AWS API emulator moto is not installed for {sys.executable} ({error}).\n"
        f"Install it with: pip install 'moto[server]=={MOTO_VERSION}'\n"
    )
    sys.exit(3)


# Gap 1: stock moto answers HTTP 500 (NotImplemented) to states:ValidateStateMachineDefinition, which the AWS
# provider calls while planning a state machine whose definition is known. AWS validates the definition and
# answers OK or FAIL with diagnostics; here moto's own ASL parser (the one its CreateStateMachine uses when its
# interpreter is on) gives the verdict, so a definition moto cannot parse still fails.
# https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
def validate_state_machine_definition(self):
    definition = self._get_param("definition")
    try:
        AmazonStateLanguageParser.parse(definition)
        diagnostics = []
    except Exception as error:  # the parser raises its own and plain Python errors alike
        diagnostics = [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": repr(error)}]
    return ActionResult({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics, "truncated": False})


# Gap 2: stock moto answers HTTP 500 to states:ListStateMachineVersions, which the AWS provider calls on every
# read of a state machine. AWS lists the published versions, newest first; moto keeps them
# (StateMachine.versions, filled by CreateStateMachine/UpdateStateMachine with publish=true) but has no call to
# list them.
# https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html
def list_state_machine_versions(self):
    machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    versions = sorted(getattr(machine, "versions", {}).values(), key=lambda version: version.version, reverse=True)
    return ActionResult(
        {"stateMachineVersions": [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in versions]}
    )


# Gap 3: stock moto's events:TestEventPattern returns nothing (its handler is a stub). AWS answers whether the
# event matches the pattern; moto has the matcher its PutEvents routing uses (EventPattern), so the call answers
# with that: the project's rule patterns are then judged by an implementation that is not the project's.
# https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
def test_event_pattern(self):
    pattern = EventPattern(self._get_param("EventPattern"), EventPatternParser(self._get_param("EventPattern")).parse())
    return json.dumps({"Result": pattern.matches_event(json.loads(self._get_param("Event")))}), self.response_headers


# Gap 4: moto's Step Functions interpreter (vendored from LocalStack) keeps the converters between a service
# integration's parameters/results and the service API's shapes (StateTaskService._to_boto_request and
# _from_boto_response) but leaves the two methods that call them empty, so a Task state sends `MaxResults` where
# the SDK expects `maxResults`, and finds no `Tasks` in RunTask's answer: every aws-sdk and ECS task fails. AWS
# converts both ways: an integration takes the API's parameter names in PascalCase and returns the API's response
# with PascalCase field names (for ecs:runTask.sync, the stopped task as DescribeTasks gives it).
# https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
_service_models = {}


def _operation_model(self, boto_service_name, service_action_name):
    service = self._get_boto_service_name(boto_service_name=boto_service_name)
    action = self._get_boto_service_action(service_action_name=service_action_name)
    if service not in _service_models:
        _service_models[service] = botocore.session.get_session().get_service_model(service)
    model = _service_models[service]
    name = next(name for name in model.operation_names if botocore.xform_name(name) == action)
    return model.operation_model(name)


def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
    shape = _operation_model(self, boto_service_name, service_action_name).input_shape
    if shape is not None:
        self._to_boto_request(parameters, shape)


def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
    shape = _operation_model(self, boto_service_name, service_action_name).output_shape
    if shape is not None:
        self._from_boto_response(response, shape)


StateTaskService._normalise_parameters = _normalise_parameters
StateTaskService._normalise_response = _normalise_response

# Gap 8: moto's ASL grammar takes a Map state's ToleratedFailurePercentage only as a decimal number (its NUMBER
# token), so `"ToleratedFailurePercentage": 10` fails CreateStateMachine and ValidateStateMachineDefinition with
# "no viable alternative". AWS takes any number from 0 to 100, its own examples writing integers. The definition
# is stored and read back unchanged; only the text moto's parser reads gets the integer written as a decimal.
# https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (ToleratedFailurePercentage)
_TOLERATED_INTEGER = re.compile(r'("ToleratedFailurePercentage"\s*:\s*-?\d+)(?=\s*[,}])')
_parse = AmazonStateLanguageParser.parse


def _parse_integer_percentage(definition):
    return _parse(_TOLERATED_INTEGER.sub(r"\1.0", definition))


AmazonStateLanguageParser.parse = staticmethod(_parse_integer_percentage)

# Gap 5: moto's ECS integration drops, without a word, every RunTask parameter outside an old allow-list of eleven
# (CapacityProviderStrategy and EnableECSManagedTags among the dropped). AWS's optimized integration takes
# RunTask's request parameters (in PascalCase) and passes them on; its page lists RunTask, no subset of it.
# Here the list is RunTask's request members from botocore's ECS model, so a parameter ECS does not know is
# still refused by ECS.
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
_run_task_members = botocore.session.get_session().get_service_model("ecs").operation_model("RunTask").input_shape.members
state_task_service_ecs._SUPPORTED_API_PARAM_BINDINGS["runtask"] = {name[0].upper() + name[1:] for name in _run_task_members}
# Gap 6: stock moto's ecs:RunTask ignores capacityProviderStrategy, so a task started with the FARGATE or
# FARGATE_SPOT capacity provider and no launchType (the two exclude each other) is placed as an EC2 task and fails
# with "No instances found in cluster". On AWS such a task runs on Fargate.
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html (capacityProviderStrategy, launchType)
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
_FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
_ecs_get_param = EC2ContainerServiceResponse._get_param


def _ecs_param(self, param_name, if_none=None):
    value = _ecs_get_param(self, param_name, if_none)
    if param_name == "launchType" and value is None:
        strategy = _ecs_get_param(self, "capacityProviderStrategy") or []
        if strategy and all(item.get("capacityProvider") in _FARGATE_PROVIDERS for item in strategy):
            return "FARGATE"
    return value


EC2ContainerServiceResponse._get_param = _ecs_param

# Gap 7: stock moto's ecs:RunTask adds up the containers' memory to place the task on an instance, and fails with
# a TypeError when a container has none. A Fargate task definition may size the task alone (task-level cpu and
# memory) and leave the containers' memory out; Fargate places no task on an instance, so the sum is not needed.
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (memory: optional with
# task-level memory) https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
_task_requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements


def _fargate_task_requirements(task_definition):
    if "FARGATE" in (task_definition.requires_compatibilities or []) and task_definition.memory:
        return {"CPU": int(task_definition.cpu or 0), "MEMORY": int(task_definition.memory), "PORTS": [], "PORTS_UDP": []}
    return _task_requirements(task_definition)


EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_fargate_task_requirements)

# Gap 9: moto's interpreter deep-copies the state machine at every StartExecution, its running executions with it;
# a running execution holds a lock, which cannot be copied, so a second execution started while the first runs
# fails with HTTP 500 ("cannot pickle '_thread.RLock' object"). AWS runs executions of a standard workflow side by
# side (up to a per-account quota of a million open ones). The copy here leaves the executions out: the new
# execution reads only the machine's definition and settings from it.
# https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
# https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (open executions)
def _copy_without_executions(self, memo):
    clone = copy.copy(self)
    memo[id(self)] = clone
    for key, value in vars(self).items():
        setattr(clone, key, [] if key == "executions" else copy.deepcopy(value, memo))
    return clone


StateMachineInstance.__deepcopy__ = _copy_without_executions


# Gap 10: moto evaluates a bucket policy without its conditions, so a statement that denies requests made without
# TLS (`Bool: {"aws:SecureTransport": "false"}`, what AWS recommends for every bucket) denies every request, and no
# object can be put or read. AWS applies such a statement only to plain-HTTP requests; the AWS SDKs and CLI use
# HTTPS, and the emulator speaks plain HTTP only because it listens on loopback. So the requests it gets are taken
# as made over TLS: that one statement shape is left out of the evaluation, every other statement stays as moto
# reads it.
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html (enforce encryption in transit)
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:SecureTransport)
_bucket_get_permission = FakeBucket.get_permission


def _denies_plain_http_only(statement):
    return statement.get("Effect") == "Deny" and statement.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}


def _get_permission_over_tls(self, action, resource):
    if self.policy is None:
        return _bucket_get_permission(self, action, resource)
    from moto.iam.access_control import IAMPolicy, PermissionResult

    policy = json.loads(self.policy.decode())
    statements = policy.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    kept = [statement for statement in statements if not _denies_plain_http_only(statement)]
    if not kept:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**policy, "Statement": kept})).is_action_permitted(action, resource)


FakeBucket.get_permission = _get_permission_over_tls


# Gap 11: moto's EventBridge matcher flattens the event's objects but not arrays of objects, so a pattern on a field
# of an array's elements (`detail.containers.exitCode` of an ECS task state change) never matches. EventBridge's
# matcher (AWS's open-source Event Ruler, which EventBridge runs) flattens arrays of objects too: the field's path
# holds the values of every element, and a pattern matches when one of them does. Here each path under an array of
# objects gets the list of its elements' values; moto already matches a list by any of its values.
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
# https://github.com/aws/event-ruler (README: "Arrays")
def _flatten_with_arrays(node, prefix="", result=None):
    if result is None:
        result = {}
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and value:
                _flatten_with_arrays(value, path, result)
            elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                for item in value:
                    for item_path, item_value in _flatten_with_arrays(item, path).items():
                        values = item_value if isinstance(item_value, list) else [item_value]
                        result.setdefault(item_path, [])
                        result[item_path].extend(values)
            else:
                result[path] = value
    return result


EventPattern._flatten_dict = staticmethod(_flatten_with_arrays)

StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = list_state_machine_versions
EventsHandler.test_event_pattern = test_event_pattern


def main():
    if "--check" in sys.argv[1:]:
        print(f"moto {moto.__version__} ({sys.executable})")
        return
    if moto.__version__ != MOTO_VERSION:
        sys.stderr.write(f"moto {moto.__version__} found; the launcher is written against {MOTO_VERSION}\n")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    # Where moto's Step Functions interpreter sends the service calls of Task states (moto.settings.moto_server_port,
    # 5000 unless set): this server.
    os.environ["MOTO_PORT"] = str(port)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print(json.dumps({"port": port}), flush=True)
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
