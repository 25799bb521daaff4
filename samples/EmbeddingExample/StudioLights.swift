import Foundation
import NIOConcurrencyHelpers

/// The host app's own state: a lighting rig that Python scripts read and change. In a real
/// app this would be its document; here it is a dictionary behind a lock, because the app's
/// threads and the interpreter thread both touch it.
final class StudioLights: Sendable {
    private let intensities = NIOLockedValueBox<[String: Double]>([
        "Key Light": 1.0, "Fill Light": 0.4, "Rim Light": 0.7,
    ])
    private let selected = NIOLockedValueBox("Key Light")

    var names: [String] { intensities.withLockedValue { $0.keys.sorted() } }
    var current: String { selected.withLockedValue { $0 } }

    func intensity(of name: String) -> Double? {
        intensities.withLockedValue { $0[name] }
    }

    /// Returns false when there is no light of that name.
    func setIntensity(_ value: Double, of name: String) -> Bool {
        intensities.withLockedValue { lights in
            guard lights[name] != nil else { return false }
            lights[name] = value
            return true
        }
    }

    func select(_ name: String) -> Bool {
        guard intensity(of: name) != nil else { return false }
        selected.withLockedValue { $0 = name }
        return true
    }
}
