namespace EFiling.Cli;

/// <summary>Exit codes every command keeps to: scripts tell "invalid input" from "wrong command line" from "no answer".</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something was invalid, or the service answered with a refusal.</summary>
    public const int Invalid = 1;

    public const int Usage = 2;

    /// <summary>The service could not be reached for some request (connection failed or timed out, after retries):
    /// there is no answer for it, so sending again is the remedy.</summary>
    public const int Unreachable = 3;
}
