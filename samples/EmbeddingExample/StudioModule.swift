import PoserTalkr
import PythonHost

/// The Python face of `StudioLights`: a module named `studio` with Swift functions, and a
/// Poser-like `Scene` class on top of them, so that `SCENE.CurrentActor().Name()` and
/// `SCENE.Actor("Fill Light").SetIntensity(0.5)` work in client scripts.
enum StudioModule {
    static func make(_ lights: StudioLights) -> HostModule {
        HostModule(
            name: "studio",
            functions: [
                .init("light_names", doc: "The lights' names, one per line.") { _ throws(PythonError) in
                    try .string(lights.names.joined(separator: "\n"))
                },
                .init("current_light", doc: "The selected light's name.") { _ throws(PythonError) in
                    try .string(lights.current)
                },
                .init("intensity", doc: "intensity(name) -> float") { arguments throws(PythonError) in
                    let name = try argument(0, of: arguments).stringValue()
                    guard let value = lights.intensity(of: name) else { throw noSuchLight(name) }
                    return try .float(value)
                },
                .init("set_intensity", doc: "set_intensity(name, value)") { arguments throws(PythonError) in
                    let name = try argument(0, of: arguments).stringValue()
                    let value = try argument(1, of: arguments).doubleValue()
                    guard lights.setIntensity(value, of: name) else { throw noSuchLight(name) }
                    return .none
                },
                .init("select", doc: "select(name): make it the current light") {
                    arguments throws(PythonError) in
                    let name = try argument(0, of: arguments).stringValue()
                    guard lights.select(name) else { throw noSuchLight(name) }
                    return .none
                },
            ],
            source: pythonSide)
    }

    private static func argument(_ index: Int, of arguments: [PythonObject]) throws(PythonError)
        -> PythonObject
    {
        guard index < arguments.count else {
            throw PythonError(typeName: "TypeError", message: "missing argument \(index + 1)", traceback: "")
        }
        return arguments[index]
    }

    private static func noSuchLight(_ name: String) -> PythonError {
        PythonError(typeName: "KeyError", message: "no light named \(name)", traceback: "")
    }

    /// Runs inside the module after the functions above are set.
    static let pythonSide = """
        class Light(object):
            def __init__(self, name):
                self._name = name
            def Name(self):
                return self._name
            InternalName = Name
            def Intensity(self):
                return intensity(self._name)
            def SetIntensity(self, value):
                set_intensity(self._name, float(value))
            def Parameters(self):
                return []
            def __repr__(self):
                return "<Light %r = %g>" % (self._name, self.Intensity())

        class Scene(object):
            def Actors(self):
                return [Light(name) for name in light_names().split("\\n")]
            def Actor(self, name):
                if name not in light_names().split("\\n"):
                    raise KeyError("no light named %s" % name)
                return Light(name)
            def CurrentActor(self):
                return Light(current_light())
            def SelectActor(self, light):
                select(light.Name())
            def Figures(self):
                return []
            def CurrentFigure(self):
                return None
        """
}
