using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FanClub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DowngradeKeepsPaidTier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PreviousTierId",
                table: "subscriptions",
                type: "char(36)",
                nullable: true,
                collation: "ascii_general_ci");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousTierUntil",
                table: "subscriptions",
                type: "datetime(6)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PreviousTierId",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "PreviousTierUntil",
                table: "subscriptions");
        }
    }
}
