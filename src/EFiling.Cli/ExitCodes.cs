namespace EFiling.Cli;

/// <summary>Exit codes every command keeps to: scripts tell "invalid input" from "wrong command line".</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;
}
