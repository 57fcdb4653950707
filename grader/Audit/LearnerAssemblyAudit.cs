using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Katas.Grader.Audit;

/// <summary>One use of something a learner's code may not use.</summary>
/// <param name="What">The API or construct, as a learner reads it: <c>System.Reflection.MethodInfo.Invoke</c>.</param>
/// <param name="File">The source file (relative to the repository), when the debug information says.</param>
/// <param name="Line">The line in it (0 when unknown).</param>
public sealed record ApiViolation(string What, string? File, int Line)
{
    public override string ToString() => File is null ? What : $"{What} at {File}:{Line}";
}

/// <summary>
/// Audits a compiled learner assembly without loading it (System.Reflection.Metadata): every type, member and method
/// instantiation it refers to must be on the reviewed <see cref="AllowList"/>; it may not declare P/Invoke or extern
/// methods, a module initializer, types in namespaces it does not own (<c>System.*</c>: the compiler and the runtime
/// honour attributes there by name), or assembly attributes other than the compiler's own; it may refer to no assembly
/// outside .NET. Each use found in a method body is mapped to its file and line through the portable PDB.
/// The learner's code is compiled without unsafe code, so pointers and function pointers cannot appear (they are
/// still reported if they do).
/// </summary>
public static class LearnerAssemblyAudit
{
    /// <summary>Namespaces a learner's types may not live in.</summary>
    private static readonly string[] ReservedNamespaces = ["System", "Microsoft", "NUnit", "Snapshooter", "Katas.Testing", "Internal", "Interop"];

    /// <summary>Public key tokens of .NET's own assemblies.</summary>
    private static readonly HashSet<string> FrameworkKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "b03f5f7f11d50a3a", "cc7b13ffcd2ddd51", "7cec85d7bea7798e", "b77a5c561934e089", "31bf3856ad364e35", "adb9793829ddae60",
    };

    /// <summary>Assembly and module attributes the compiler emits by itself.</summary>
    private static readonly HashSet<string> CompilerAssemblyAttributes = new(StringComparer.Ordinal)
    {
        "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
        "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.NullablePublicOnlyAttribute",
        "System.Diagnostics.DebuggableAttribute",
        "System.Runtime.Versioning.TargetFrameworkAttribute",
        "System.Runtime.CompilerServices.ExtensionAttribute",
    };

    /// <summary>The compiler's own type of helpers; no source can declare a type of that name.</summary>
    private const string CompilerHelpers = "<PrivateImplementationDetails>";

    /// <summary>Members the compiler's inline-array helpers use (in <see cref="CompilerHelpers"/> only): forbidden anywhere else.</summary>
    private static readonly HashSet<string> CompilerHelperUses = new(StringComparer.Ordinal)
    {
        "System.Runtime.CompilerServices.Unsafe.As", "System.Runtime.CompilerServices.Unsafe.AsRef", "System.Runtime.CompilerServices.Unsafe.Add",
        "System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan", "System.Runtime.InteropServices.MemoryMarshal.CreateSpan",
        "System.Runtime.CompilerServices.Unsafe", "System.Runtime.InteropServices.MemoryMarshal",
    };

    /// <summary>Audits an assembly file and its portable PDB beside it (<c>.pdb</c>), when there is one.</summary>
    /// <param name="displayPath">Turns a path from the debug information into the one a learner knows.</param>
    /// <param name="friendAssembly">The one assembly <c>InternalsVisibleTo</c> may name (the kata's tests), if any.</param>
    public static IReadOnlyList<ApiViolation> AuditFile(string assemblyPath, Func<string, string> displayPath, string? friendAssembly, AllowList? allow = null)
    {
        using var pe = File.OpenRead(assemblyPath);
        var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
        using var pdb = File.Exists(pdbPath) ? File.OpenRead(pdbPath) : null;
        return Audit(pe, pdb, displayPath, friendAssembly, allow);
    }

    public static IReadOnlyList<ApiViolation> Audit(Stream peImage, Stream? portablePdb, Func<string, string> displayPath, string? friendAssembly, AllowList? allow = null)
    {
        allow ??= AllowList.Default;
        using var peReader = new PEReader(peImage, PEStreamOptions.LeaveOpen);
        var metadata = peReader.GetMetadataReader();
        using var pdbProvider = portablePdb is null ? null : MetadataReaderProvider.FromPortablePdbStream(portablePdb, MetadataStreamOptions.LeaveOpen);
        var pdb = pdbProvider?.GetMetadataReader();
        var shapes = new SignatureShapes(metadata, allow);
        var found = new List<ApiViolation>();

        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            var name = metadata.GetString(reference.Name);
            var token = Convert.ToHexStringLower(metadata.GetBlobBytes(reference.PublicKeyOrToken));
            if (!FrameworkKeys.Contains(token) || !(name.StartsWith("System", StringComparison.Ordinal) || name is "mscorlib" or "netstandard"))
            {
                found.Add(new ApiViolation($"the assembly {name}, which is not part of .NET", null, 0));
            }
        }

        // What each referenced type, member and type specification is forbidden as (null: allowed).
        var forbiddenTypes = new Dictionary<EntityHandle, string>();
        foreach (var handle in metadata.TypeReferences)
        {
            if (shapes.Reference(handle).Forbidden is { } why) forbiddenTypes[handle] = why;
        }
        foreach (var handle in Enumerable.Range(1, metadata.GetTableRowCount(TableIndex.TypeSpec)).Select(MetadataTokens.TypeSpecificationHandle))
        {
            if (metadata.GetTypeSpecification(handle).DecodeSignature(shapes, null).Forbidden is { } why) forbiddenTypes[handle] = why;
        }
        var forbiddenMembers = new Dictionary<EntityHandle, string>();
        foreach (var handle in metadata.MemberReferences)
        {
            if (MemberVerdict(metadata, shapes, allow, handle) is { } why) forbiddenMembers[handle] = why;
        }
        foreach (var handle in Enumerable.Range(1, metadata.GetTableRowCount(TableIndex.MethodSpec)).Select(MetadataTokens.MethodSpecificationHandle))
        {
            var spec = metadata.GetMethodSpecification(handle);
            var why = Verdict(spec.Method, forbiddenTypes, forbiddenMembers)
                ?? spec.DecodeSignature(shapes, null).Select(t => t.Forbidden).FirstOrDefault(f => f is not null);
            if (why is not null) forbiddenMembers[handle] = why;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        var exempted = new HashSet<string>(StringComparer.Ordinal);
        void Report(string what, (string? File, int Line) where)
        {
            if (reported.Add(what + "\n" + where.File + "\n" + where.Line)) found.Add(new ApiViolation(what, where.File, where.Line));
        }

        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(typeHandle);
            var typeName = metadata.GetString(type.Name);
            var ns = metadata.GetString(type.Namespace);
            if (type.GetDeclaringType().IsNil && ReservedNamespaces.Any(r => ns == r || ns.StartsWith(r + ".", StringComparison.Ordinal)))
            {
                Report($"a type declared in the namespace {ns} (only .NET's own code lives there: name your namespace after the kata)", FirstLineOfType(metadata, pdb, type, displayPath));
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(methodHandle);
                var methodName = metadata.GetString(method.Name);
                var where = FirstLine(pdb, methodHandle, displayPath);
                if (typeName == "<Module>" && methodName == ".cctor")
                {
                    Report("a module initializer ([ModuleInitializer] code that runs when the assembly loads)", where);
                }
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || !method.GetImport().Module.IsNil)
                {
                    Report($"native code (P/Invoke: DllImport or LibraryImport) in {typeName}.{methodName}", where);
                }
                var implementation = method.ImplAttributes;
                if ((implementation & MethodImplAttributes.InternalCall) != 0
                    || (method.RelativeVirtualAddress == 0 && (method.Attributes & MethodAttributes.Abstract) == 0
                        && (implementation & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.Runtime))
                {
                    Report($"an extern method without a body ({typeName}.{methodName})", where);
                }
                if (method.DecodeSignature(shapes, null) is var signature && SignatureShapes.FirstForbidden(signature) is { } inSignature)
                {
                    Report(inSignature, where);
                }
                if (method.RelativeVirtualAddress == 0) continue;
                var body = peReader.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    var locals = metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(shapes, null);
                    if (locals.Select(l => l.Forbidden).FirstOrDefault(f => f is not null) is { } inLocals) Report(inLocals, where);
                }
                foreach (var use in IlTokens.Read(body.GetILReader()))
                {
                    if (use.OpCode == ILOpCode.Ldstr) continue; // a string literal, not a metadata entity
                    var why = use.OpCode == ILOpCode.Calli
                        ? "a call through a function pointer (calli)"
                        : Verdict(MetadataTokens.EntityHandle(use.Token), forbiddenTypes, forbiddenMembers);
                    if (why is null) continue;
                    if (typeName == CompilerHelpers && type.GetDeclaringType().IsNil && ns.Length == 0 && CompilerHelperUses.Contains(why))
                    {
                        exempted.Add(why);
                        continue;
                    }
                    Report(why, Line(pdb, methodHandle, use.Offset, displayPath));
                }
            }
            foreach (var fieldHandle in type.GetFields())
            {
                var field = metadata.GetFieldDefinition(fieldHandle);
                if (field.DecodeSignature(shapes, null).Forbidden is { } inField)
                {
                    Report($"{inField} (the type of the field {typeName}.{metadata.GetString(field.Name)})", FirstLineOfType(metadata, pdb, type, displayPath));
                }
            }
        }

        foreach (var attributeHandle in metadata.CustomAttributes)
        {
            var attribute = metadata.GetCustomAttribute(attributeHandle);
            var attributeType = AttributeTypeName(metadata, attribute);
            if (attribute.Parent.Kind is HandleKind.AssemblyDefinition or HandleKind.ModuleDefinition)
            {
                if (attributeType == "System.Runtime.CompilerServices.InternalsVisibleToAttribute"
                    && friendAssembly is not null && FirstStringArgument(metadata, attribute) is { } friend
                    && (friend == friendAssembly || friend.StartsWith(friendAssembly + ",", StringComparison.Ordinal)))
                {
                    continue;
                }
                if (!CompilerAssemblyAttributes.Contains(attributeType)) Report($"the assembly attribute [{Shorten(attributeType)}]", (null, 0));
                continue;
            }
            if (Verdict(attribute.Constructor, forbiddenTypes, forbiddenMembers) is { } why)
            {
                Report($"the attribute [{Shorten(attributeType)}] ({why})", AttributeLocation(metadata, pdb, attribute.Parent, displayPath));
            }
        }

        // Anything forbidden that no body, signature or attribute led to (a type named only in metadata) is still reported.
        var named = found.Select(f => f.What).ToHashSet(StringComparer.Ordinal);
        foreach (var why in forbiddenTypes.Values.Concat(forbiddenMembers.Values).Distinct(StringComparer.Ordinal))
        {
            if (!named.Any(n => n.Contains(why, StringComparison.Ordinal)) && !exempted.Contains(why) && !OnlyNamedByExemptUses(why, exempted)) Report(why, (null, 0));
        }
        return found
            .OrderBy(f => f.File is null ? 1 : 0).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.What, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A type named only as the declaring type of exempt compiler-helper uses (Unsafe, MemoryMarshal).</summary>
    private static bool OnlyNamedByExemptUses(string why, HashSet<string> exempted) =>
        CompilerHelperUses.Contains(why) && exempted.Any(e => e.StartsWith(why + ".", StringComparison.Ordinal));

    /// <summary>Why a member reference is forbidden (its type, a type in its signature, or the member itself), or null.</summary>
    private static string? MemberVerdict(MetadataReader metadata, SignatureShapes shapes, AllowList allow, MemberReferenceHandle handle)
    {
        var member = metadata.GetMemberReference(handle);
        var name = metadata.GetString(member.Name);
        TypeShape parent;
        switch (member.Parent.Kind)
        {
            case HandleKind.TypeReference:
                parent = shapes.Reference((TypeReferenceHandle)member.Parent);
                break;
            case HandleKind.TypeSpecification:
                parent = metadata.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(shapes, null);
                break;
            case HandleKind.TypeDefinition:
                return null; // the learner's own type
            default:
                return $"{name} (a global or vararg member)";
        }
        var display = $"{SignatureShapes.Display(parent.Namespace, parent.Name)}.{MemberDisplay(name)}";
        if (parent.Namespace.Length == 0 && parent.Name.Length == 0) return parent.Forbidden is null ? null : display;
        if (parent.Forbidden is not null || !allow.AllowsMember(parent.Namespace, parent.Name, name)) return display;
        if (member.GetKind() == MemberReferenceKind.Method && SignatureShapes.FirstForbidden(member.DecodeMethodSignature(shapes, null)) is { } inSignature)
        {
            return $"{display} (it uses {inSignature})";
        }
        return null;
    }

    private static string? Verdict(EntityHandle handle, Dictionary<EntityHandle, string> types, Dictionary<EntityHandle, string> members) =>
        handle.Kind switch
        {
            HandleKind.TypeReference or HandleKind.TypeSpecification => types.GetValueOrDefault(handle),
            HandleKind.MemberReference or HandleKind.MethodSpecification => members.GetValueOrDefault(handle),
            _ => null,
        };

    private static string MemberDisplay(string name) => name switch
    {
        ".ctor" => "new",
        ".cctor" => "static constructor",
        _ when name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal) => name[4..],
        _ when name.StartsWith("add_", StringComparison.Ordinal) => name[4..],
        _ when name.StartsWith("remove_", StringComparison.Ordinal) => name[7..],
        _ => name,
    };

    private static string Shorten(string attributeType) =>
        attributeType.EndsWith("Attribute", StringComparison.Ordinal) ? attributeType[..^"Attribute".Length] : attributeType;

    private static string AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => SignatureShapes.NameOf(metadata, (TypeReferenceHandle)type) is var (ns, name) ? (ns.Length == 0 ? name : ns + "." + name) : "",
            HandleKind.TypeDefinition => metadata.GetTypeDefinition((TypeDefinitionHandle)type) is var d ? $"{metadata.GetString(d.Namespace)}.{metadata.GetString(d.Name)}".TrimStart('.') : "",
            _ => "?",
        };
    }

    private static string? FirstStringArgument(MetadataReader metadata, CustomAttribute attribute)
    {
        var blob = metadata.GetBlobReader(attribute.Value);
        if (blob.Length < 4 || blob.ReadUInt16() != 1) return null;
        return blob.ReadSerializedString();
    }

    private static (string? File, int Line) AttributeLocation(MetadataReader metadata, MetadataReader? pdb, EntityHandle parent, Func<string, string> displayPath) =>
        parent.Kind switch
        {
            HandleKind.MethodDefinition => FirstLine(pdb, (MethodDefinitionHandle)parent, displayPath),
            HandleKind.TypeDefinition => FirstLineOfType(metadata, pdb, metadata.GetTypeDefinition((TypeDefinitionHandle)parent), displayPath),
            HandleKind.Parameter => FirstLineOfParameter(metadata, pdb, (ParameterHandle)parent, displayPath),
            _ => (null, 0),
        };

    private static (string? File, int Line) FirstLineOfParameter(MetadataReader metadata, MetadataReader? pdb, ParameterHandle parameter, Func<string, string> displayPath)
    {
        foreach (var typeHandle in metadata.TypeDefinitions)
        {
            foreach (var methodHandle in metadata.GetTypeDefinition(typeHandle).GetMethods())
            {
                if (metadata.GetMethodDefinition(methodHandle).GetParameters().Contains(parameter)) return FirstLine(pdb, methodHandle, displayPath);
            }
        }
        return (null, 0);
    }

    private static (string? File, int Line) FirstLineOfType(MetadataReader metadata, MetadataReader? pdb, TypeDefinition type, Func<string, string> displayPath)
    {
        foreach (var method in type.GetMethods())
        {
            var line = FirstLine(pdb, method, displayPath);
            if (line.File is not null) return line;
        }
        foreach (var nested in type.GetNestedTypes())
        {
            var line = FirstLineOfType(metadata, pdb, metadata.GetTypeDefinition(nested), displayPath);
            if (line.File is not null) return line;
        }
        return (null, 0);
    }

    private static (string? File, int Line) FirstLine(MetadataReader? pdb, MethodDefinitionHandle method, Func<string, string> displayPath) =>
        Line(pdb, method, int.MaxValue, displayPath, first: true);

    /// <summary>The source line of an IL offset: the last visible sequence point at or before it.</summary>
    private static (string? File, int Line) Line(MetadataReader? pdb, MethodDefinitionHandle method, int offset, Func<string, string> displayPath, bool first = false)
    {
        if (pdb is null) return (null, 0);
        var information = pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
        if (information.SequencePointsBlob.IsNil) return (null, 0);
        SequencePoint? best = null;
        foreach (var point in information.GetSequencePoints())
        {
            if (point.IsHidden) continue;
            if (first) { best = point; break; }
            if (point.Offset > offset) break;
            best = point;
        }
        if (best is not { } found) return (null, 0);
        var document = pdb.GetDocument(found.Document);
        return (displayPath(pdb.GetString(document.Name)), found.StartLine);
    }
}
