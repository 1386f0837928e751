import ArgumentParser

/// `pdm-bench`: the client side of the benchmarks that scripts/bench runs.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdm-bench",
        abstract: "Benchmark clients for scripts/bench.",
        subcommands: [SubscribeCommand.self, PublishCommand.self, SignalsCommand.self, MemoryCommand.self, AlarmsCommand.self, RulesCommand.self,
                      WebhooksCommand.self, NotifyCommand.self, SparkplugCommand.self]
    )
}
