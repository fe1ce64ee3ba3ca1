namespace EFiling.Declarations;
