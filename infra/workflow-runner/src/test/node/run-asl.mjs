// Runs one ASL definition with aws-local-stepfunctions, the independent implementation the embedded
// Java runner (engram.asl) is checked against. Every Task state calls back into the Java test over
// HTTP (POST <task-url>/<function name>, the effective input as body), so both runners use the same
// task handler. Retry pauses and Wait durations are overridden to 0 ms: the Java side checks timing
// with a fake clock.
//
// usage: node --require ./withresolvers-polyfill.cjs run-asl.mjs <definition.asl.json> <input JSON> <execution name> <task url>
// prints one JSON line: {"status", "output" | "error"+"cause", "statesEntered": [{"name", "index"}]}
import { readFileSync } from 'node:fs';
import { StateMachine, ExecutionError } from 'aws-local-stepfunctions';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const [definitionFile, inputJson, executionName, taskUrl] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));

function allStates(machine, out = []) {
  for (const [name, state] of Object.entries(machine.States)) {
    out.push([name, state]);
    for (const branch of state.Branches ?? []) allStates(branch, out);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) allStates(processor, out);
  }
  return out;
}

// "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]", "<name>" or "<name>:<qualifier>"
function functionName(resource) {
  const match = /:function:([\w-]+)/.exec(resource);
  return match ? match[1] : resource.split(':')[0];
}

async function callJava(fn, payload) {
  const response = await fetch(`${taskUrl}/${encodeURIComponent(fn)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const reply = await response.json();
  if ('error' in reply) {
    const error = new Error(reply.cause);
    error.name = reply.error;
    throw error;
  }
  return reply.output;
}

const taskResourceLocalHandlers = {};
const retryIntervalOverrides = {};
const waitTimeOverrides = {};
for (const [name, state] of allStates(definition)) {
  if (state.Retry) retryIntervalOverrides[name] = 0;
  if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
  if (state.Type !== 'Task') continue;
  taskResourceLocalHandlers[name] = async (input) => {
    if (state.Resource !== LAMBDA_INVOKE) return callJava(functionName(state.Resource), input);
    const output = await callJava(functionName(input.FunctionName), input.Payload ?? {});
    return { ExecutedVersion: '$LATEST', Payload: output, StatusCode: 200 };
  };
}

const execution = new StateMachine(definition).run(JSON.parse(inputJson), {
  overrides: { taskResourceLocalHandlers, retryIntervalOverrides, waitTimeOverrides },
  context: { Execution: { Name: executionName } },
});
const events = [];
const collecting = (async () => {
  for await (const event of execution.eventLogs) events.push(event);
})();

let result;
try {
  result = { status: 'SUCCEEDED', output: await execution.result };
} catch (failure) {
  if (!(failure instanceof ExecutionError)) throw failure;
  result = { status: 'FAILED', error: failure.cause.name, cause: failure.cause.message };
}
await collecting;
result.statesEntered = events
  .filter((event) => event.type === 'StateEntered')
  .map((event) => ({ name: event.state.name, index: event.index ?? null }));
process.stdout.write(JSON.stringify(result) + '\n');
