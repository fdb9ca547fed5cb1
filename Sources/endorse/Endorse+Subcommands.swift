import ArgumentParser

extension Endorse {
    /// Every top-level subcommand, in the order `endorse help` lists them.
    static let allSubcommands: [ParsableCommand.Type] = [
        CycleCommand.self,
        OrgCommand.self,
        CandidateCommand.self,
        AnswersCommand.self,
        InviteCommand.self,
        RemindCommand.self,
        ReviewCommand.self,
        ScoreCommand.self,
        KeyCommand.self,
        SlateCommand.self,
        VoteCommand.self,
        TallyCommand.self,
        DecideCommand.self,
        RescindCommand.self,
        TokenCommand.self,
        AuditCommand.self,
        DemoCommand.self,
        BenchCommand.self,
        DBCommand.self,
        ServeCommand.self,
    ]
}
