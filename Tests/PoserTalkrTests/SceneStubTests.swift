import Foundation
import Testing

/// Ordinary PoserPython scripts, sent unchanged, against the `poser` stub.
@Suite(.hangLimit)
struct SceneStubTests {
    @Test func aScriptWalksFiguresActorsAndParameters() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(
            """
            import poser
            scene = poser.Scene()
            for figure in scene.Figures():
                parts = [a for a in figure.Actors() if a.IsBodyPart()]
                print(figure.Name(), len(parts), figure.NumbBodyParts())
                print(figure.ParentActor().Name(), figure.RootActor().Name())
            forearm = scene.CurrentFigure().Actor("Left Forearm")
            print(forearm.InternalName(), forearm.Parent().Name(), [c.Name() for c in forearm.Children()])
            print(sorted(p.Name() for p in forearm.Parameters())[:3])
            print([c.Name() for c in scene.Cameras()][:2], scene.CurrentCamera().Name())
            print(len(scene.Lights()), scene.Lights()[3].LightType() == poser.kLightCodeIMAGE)
            print(scene is SCENE, poser.Scene().CurrentActor().Name())

            """, expecting: "Hip\n")
        #expect(
            reply == """
                Figure 1 54 53
                Body Hip
                lForeArm Left Shoulder ['Left Hand']
                ['Bend', 'Heavy', 'Scale']
                ['Main Camera', 'Aux Camera'] Main Camera
                4 True
                True Hip

                """)
    }

    @Test func parametersKeepValuesPerFrame() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(
            """
            bend = SCENE.CurrentFigure().ActorByInternalName("lForeArm").Parameter("zrot")
            bend.SetValue(10)
            SCENE.SetFrame(20)
            bend.SetValue(50)
            SCENE.SetFrame(10)
            print(bend.Value(), bend.NumKeyFrames(), bend.ValueFrame(20), SCENE.NumFrames())
            SCENE.SetFrame(0)
            SCENE.CurrentActor().SetParameter("Twist", 45)
            print(round(SCENE.CurrentActor().WorldMatrix()[0][0], 4))

            """, expecting: "\n0.7071\n")
        #expect(reply == "30.0 2 50.0 30\n0.7071\n")
    }

    @Test func geometryReadsAndWrites() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(
            """
            geom = SCENE.Actor("ball").Geometry()
            print(geom.NumVertices(), geom.NumPolygons(), len(geom.Sets()))
            poly = geom.Polygon(0)
            print(poly.NumVertices(), [round(v.Y(), 6) for v in poly.Vertices()][:2])
            geom.Vertex(0).SetY(2.5)
            SCENE.Actor("ball").SetParameter("yTran", 1)
            print(geom.Vertex(0).Y(), round(geom.WorldVertex(0).Y(), 3))
            mesh, actors, maps = SCENE.CurrentFigure().UnimeshInfo()
            print(mesh.NumVertices() < sum(len(m) for m in maps), len(actors))
            new = SCENE.NewGeometry()
            new.AddGeneralMesh([[0, 3]], [0, 1, 2], [[0, 0, 0], [1, 0, 0], [0, 1, 0]])
            prop = SCENE.CreatePropFromGeom(new, "triangle")
            print(prop.Name(), prop.Geometry().NumVertices(), SCENE.Actor("triangle").IsProp())
            print(SCENE.Actor("Ground Grid").Geometry().NumVertices())

            """, expecting: "501264\n")
        #expect(
            reply == """
                144 128 512
                4 [0.1, 0.1]
                2.5 3.5
                True 53
                triangle 3 1
                501264

                """)
    }

    @Test func unknownNamesRaisePoserError() throws {
        let server = try TestServer()
        let client = try server.connect()
        let reply = try client.request(
            "import poser\ntry:\n    SCENE.Actor('Nobody')\nexcept poser.error as e:\n    print('poser.error:', e)\n",
            expecting: "\n")
        #expect(reply == "poser.error: no actor named 'Nobody' in the scene\n")
        #expect(try client.request("=poser.DialogSimple.YesNo('Continue?')") == "1\n")
    }
}
