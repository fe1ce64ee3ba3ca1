namespace EFiling.Signing;
