class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

class Dog(Animal):
    sound = "woof"

class Cat(Animal):
    sound = "meow"

    def speak(self):
        return super().speak() + " (purring)"

class Puppy(Dog):
    def speak(self):
        return super().speak().upper()

zoo = [Dog("Rex"), Cat("Tom"), Puppy("Bit"), Animal("Generic")]
for a in zoo:
    print(a, "->", a.speak())
print([type(a).__name__ for a in zoo if isinstance(a, Dog)])
print(issubclass(Puppy, Animal), Puppy.__mro__[1].__name__ if hasattr(Puppy, "__mro__") else "Dog")
