Console.Error.WriteLine("The AppHost orchestrator is not built yet (see the AppHost issue); start each service with 'dotnet run --project src/<Service>'.");
return 1;
