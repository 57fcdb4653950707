# The reference copied over the stub, before solutions/ is deleted in the second variant.
cp solutions/02-join/*.cs exercises/02-join/
