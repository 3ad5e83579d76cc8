<#-- first line: notification title; the rest: its body -->
Order completed
Order ${orderId} is complete
