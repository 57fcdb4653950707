using System.Reflection.Metadata;

namespace Katas.Grader.Audit;

/// <summary>
/// Walks a method body's IL and yields every metadata token an instruction names (calls, fields, types, <c>ldtoken</c>,
/// <c>calli</c> signatures) with the instruction's offset. Operand sizes follow ECMA-335 III.
/// </summary>
public static class IlTokens
{
    /// <summary>One token operand: the instruction's opcode, its IL offset and the token.</summary>
    public readonly record struct Use(ILOpCode OpCode, int Offset, int Token);

    public static List<Use> Read(BlobReader il)
    {
        var uses = new List<Use>();
        while (il.RemainingBytes > 0)
        {
            var offset = il.Offset;
            int code = il.ReadByte();
            if (code == 0xFE) code = 0xFE00 | il.ReadByte();
            var opCode = (ILOpCode)code;
            switch (OperandSize(opCode))
            {
                case Operand.Token:
                    uses.Add(new Use(opCode, offset, il.ReadInt32()));
                    break;
                case Operand.Switch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case var size:
                    il.Offset += (int)size;
                    break;
            }
        }
        return uses;
    }

    private enum Operand
    {
        None = 0,
        One = 1,
        Two = 2,
        Four = 4,
        Eight = 8,
        Token = 100,
        Switch = 101,
    }

    private static Operand OperandSize(ILOpCode code) => code switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
            or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned or (ILOpCode)0xFE19 => Operand.One, // 0xFE19: the no. prefix
        >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s => Operand.One,
        ILOpCode.Leave_s => Operand.One,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => Operand.Two,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 => Operand.Four,
        >= ILOpCode.Br and <= ILOpCode.Blt_un => Operand.Four,
        ILOpCode.Leave => Operand.Four,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => Operand.Eight,
        ILOpCode.Switch => Operand.Switch,
        ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
            or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox
            or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld
            or ILOpCode.Stobj or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem
            or ILOpCode.Unbox_any or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Initobj
            or ILOpCode.Constrained or ILOpCode.Sizeof => Operand.Token,
        _ => Operand.None,
    };
}
