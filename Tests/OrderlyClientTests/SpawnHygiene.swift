// Children spawned by these tests must not inherit descriptors that other tests in the same
// process opened without close-on-exec (Foundation's pipes, sockets): a child holding a pipe's
// write end or a connection keeps the other test's peer from seeing EOF. glibc's
// posix_spawn_file_actions_addclosefrom_np does this; Swift does not import it, so it is looked
// up at run time.
import Glibc

enum SpawnHygiene {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Adds "close every descriptor from 3 up" to `actions` (where glibc offers it).
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        guard let addCloseFrom else { return }
        _ = withUnsafeMutablePointer(to: &actions) { addCloseFrom($0, 3) }
    }
}
