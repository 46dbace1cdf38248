// The simulator module is named like its main type, so its other types cannot be
// qualified as `BrazeSimulator.X`; these aliases name them unambiguously.
import BrazeSimulator

typealias SimulatorSubscriptionChannel = SubscriptionChannel
