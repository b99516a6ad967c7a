// Each test starts real servers (a whole platform, for some); on a 2-core machine running them one at a time keeps
// startup timings honest and the run quicker than contending for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
