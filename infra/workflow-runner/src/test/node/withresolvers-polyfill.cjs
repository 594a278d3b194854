// aws-local-stepfunctions 3.0.0 declares node >= 22 because it calls Promise.withResolvers (Task and
// Map states); node 20 lacks it. Loaded with `node --require` before the driver.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
