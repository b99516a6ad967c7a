// One test at a time: each starts a whole platform, and on a 2-core machine they would contend for the cores. Set here,
// not as parallelizeTestCollections in xunit.runner.json: for that setting the VSTest adapter turns on synchronous
// message reporting, whose acknowledgement it may write after the test process has exited, crashing the run with
// "Broken pipe" (xunit.runner.visualstudio 3.1.5, TestProcessLauncherAdapter).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
