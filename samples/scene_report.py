# A PoserPython script, unchanged from what would run inside Poser: it lists the scene's
# figures, their posed body parts and the props. Send it to a PoserTalkr server with
#     nc -N 127.0.0.1 55555 < samples/scene_report.py
import poser

scene = poser.Scene()
print("Frame %d of %d" % (scene.Frame() + 1, scene.NumFrames()))
for figure in scene.Figures():
    print("Figure %s (%d body parts)" % (figure.Name(), figure.NumbBodyParts()))
    for actor in figure.Actors():
        posed = [(p.Name(), p.Value()) for p in actor.Parameters()
                 if p.Value() != p.Default()]
        if posed:
            print("  %-16s %s" % (actor.Name(), ", ".join("%s=%g" % item for item in posed)))
for actor in scene.Actors():
    if actor.IsProp():
        geom = actor.Geometry()
        print("Prop %s: %d vertices" % (actor.Name(), geom.NumVertices() if geom else 0))
print("Current actor: %s" % scene.CurrentActor().Name())
