using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Katas.Grader.Audit;

/// <summary>A type named in a signature, reduced to what the audit needs: its name and whether it may be named.</summary>
/// <param name="Namespace">The namespace of the (outermost) type; empty for primitives and the learner's own types.</param>
/// <param name="Name">The metadata name, nested types joined with <c>+</c>.</param>
/// <param name="Forbidden">Why naming it is forbidden (the first reason found), or null when it is allowed.</param>
public sealed record TypeShape(string Namespace, string Name, string? Forbidden)
{
    public static readonly TypeShape Allowed = new("", "", null);

    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;
}

/// <summary>
/// Decodes signatures (type specifications, method and field signatures) into <see cref="TypeShape"/>: a generic
/// instantiation keeps its generic type's name and is forbidden when any part of it is; pointers and function pointers
/// are forbidden outright (the learner's project does not allow unsafe code, so they cannot come from plain C#).
/// </summary>
public sealed class SignatureShapes(MetadataReader metadata, AllowList allow) : ISignatureTypeProvider<TypeShape, object?>
{
    public TypeShape Reference(TypeReferenceHandle handle)
    {
        var (ns, name) = NameOf(metadata, handle);
        return new TypeShape(ns, name, allow.AllowsType(ns, name) ? null : Display(ns, name));
    }

    /// <summary>The namespace of the outermost type and the nested name (<c>Outer+Inner</c>) of a type reference.</summary>
    public static (string Namespace, string Name) NameOf(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        var name = metadata.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            var (ns, outer) = NameOf(metadata, (TypeReferenceHandle)reference.ResolutionScope);
            return (ns, outer + "+" + name);
        }
        return (metadata.GetString(reference.Namespace), name);
    }

    /// <summary>How a learner reads a type name: <c>System.Func`2</c> as <c>System.Func</c>, nested with a dot.</summary>
    public static string Display(string ns, string name)
    {
        var parts = name.Split('+').Select(p => p.IndexOf('`') is var tick and >= 0 ? p[..tick] : p);
        var joined = string.Join(".", parts);
        return ns.Length == 0 ? joined : ns + "." + joined;
    }

    public TypeShape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Reference(handle);

    public TypeShape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeShape.Allowed;

    public TypeShape GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public TypeShape GetGenericInstantiation(TypeShape genericType, ImmutableArray<TypeShape> typeArguments) =>
        genericType with { Forbidden = genericType.Forbidden ?? typeArguments.Select(a => a.Forbidden).FirstOrDefault(f => f is not null) };

    public TypeShape GetPointerType(TypeShape elementType) => elementType with { Forbidden = "a pointer type (unsafe code)" };

    public TypeShape GetFunctionPointerType(MethodSignature<TypeShape> signature) => new("", "delegate*", "a function pointer");

    public TypeShape GetPrimitiveType(PrimitiveTypeCode typeCode) =>
        typeCode == PrimitiveTypeCode.TypedReference ? new("System", "TypedReference", "System.TypedReference") : TypeShape.Allowed;

    public TypeShape GetSZArrayType(TypeShape elementType) => elementType;

    public TypeShape GetArrayType(TypeShape elementType, ArrayShape shape) => elementType;

    public TypeShape GetByReferenceType(TypeShape elementType) => elementType;

    public TypeShape GetPinnedType(TypeShape elementType) => elementType with { Forbidden = elementType.Forbidden ?? "a pinned local (unsafe code)" };

    public TypeShape GetModifiedType(TypeShape modifier, TypeShape unmodifiedType, bool isRequired) =>
        unmodifiedType with { Forbidden = unmodifiedType.Forbidden ?? modifier.Forbidden };

    public TypeShape GetGenericMethodParameter(object? genericContext, int index) => TypeShape.Allowed;

    public TypeShape GetGenericTypeParameter(object? genericContext, int index) => TypeShape.Allowed;

    /// <summary>The first forbidden part of a method signature, or null.</summary>
    public static string? FirstForbidden(MethodSignature<TypeShape> signature) =>
        signature.ReturnType.Forbidden ?? signature.ParameterTypes.Select(p => p.Forbidden).FirstOrDefault(f => f is not null);
}
