import NIOCore

/// Runs a task's jobs on one event loop.
///
/// A task that prefers it (`withTaskExecutorPreference`) is resumed on the loop itself when a
/// continuation it waits on is resumed there, instead of on the global pool first and on the loop
/// only after a second hop: a wake-up of another thread, and one back, per resumption.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
