# Classes: instances, attribute access, methods, inheritance and dunder methods.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Particle:
    def __init__(self, i):
        self.pos = Vec(i, -i)
        self.vel = Vec(1, 2)

    def step(self):
        self.pos = self.pos + self.vel

    def energy(self):
        return self.vel.dot(self.vel)


class Heavy(Particle):
    def energy(self):
        return 3 * super().energy()


def run(n, steps):
    ps = [Heavy(i) if i % 4 == 0 else Particle(i) for i in range(n)]
    total = 0
    for _ in range(steps):
        for p in ps:
            p.step()
            total += p.energy()
    return total, sum(p.pos.x + p.pos.y for p in ps)

print(run(200, 200))
